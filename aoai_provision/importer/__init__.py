"""`import`: turn the accounts and deployments found in a resource group into an environment file (pure)."""
