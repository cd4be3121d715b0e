"""The executor: accounts in parallel, one write at a time per account, retries and progress."""
