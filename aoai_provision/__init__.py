"""aoai-provision: Azure OpenAI accounts and model deployments as code."""

__version__ = "0.1.0"
USER_AGENT = f"aoai-provision/{__version__}"
