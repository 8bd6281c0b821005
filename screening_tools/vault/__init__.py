"""The encrypted vault: key slots, SQLCipher connection, migrations and repositories."""

from screening_tools.vault.keys import KdfParams
from screening_tools.vault.vault import CreatedVault, Vault, vault_exists

__all__ = ["CreatedVault", "KdfParams", "Vault", "vault_exists"]
