"""Entry point for `python -m aoai_provision`."""

from aoai_provision.cli import main

if __name__ == "__main__":
    main()
