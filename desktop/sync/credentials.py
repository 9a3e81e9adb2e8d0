"""Where the laptop keeps its device token: the system's keyring (Windows Credential Manager,
macOS Keychain, the Secret Service on Linux); where there is none, a file in the profile that
only the user can read (the caller tells the user which)."""

from __future__ import annotations

import hashlib
import logging
import os
from pathlib import Path

from desktop.paths import Paths

log = logging.getLogger(__name__)

SERVICE = "sotay-cns"


class Credentials:
    def __init__(self, profile: Path, *, use_keyring: bool = True) -> None:
        self.profile = profile
        self.use_keyring = use_keyring
        # One entry per profile: two teams' profiles on one laptop keep two tokens.
        digest = hashlib.sha256(str(profile.resolve()).encode()).hexdigest()[:16]
        self.account = f"profile-{digest}"

    @property
    def file(self) -> Path:
        return Paths(self.profile).token

    def save(self, token: str) -> str:
        """Store the token; returns "keyring" or "file"."""
        if self.use_keyring and self._keyring_set(token):
            self.file.unlink(missing_ok=True)
            return "keyring"
        if self.use_keyring:
            self._keyring_delete()  # an older token there would be read before the file
        self.profile.mkdir(parents=True, exist_ok=True)
        partial = self.file.with_suffix(".partial")
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            os.write(fd, token.encode())
            os.fsync(fd)
        finally:
            os.close(fd)
        os.chmod(partial, 0o600)
        os.replace(partial, self.file)
        return "file"

    def load(self) -> str | None:
        if self.use_keyring:
            token = self._keyring_get()
            if token:
                return token
        try:
            return self.file.read_text().strip() or None
        except FileNotFoundError:
            return None

    def forget(self) -> None:
        if self.use_keyring:
            self._keyring_delete()
        self.file.unlink(missing_ok=True)

    def _keyring_delete(self) -> None:
        try:
            import keyring

            keyring.delete_password(SERVICE, self.account)
        except Exception:  # no keyring, or nothing stored there
            pass

    def _keyring_set(self, token: str) -> bool:
        try:
            import keyring

            keyring.set_password(SERVICE, self.account, token)
            # Some back-ends accept and forget (a "null" keyring): check it is really there.
            return keyring.get_password(SERVICE, self.account) == token
        except Exception as exc:  # NoKeyringError, a locked or absent Secret Service...
            log.info("no usable keyring (%s): token kept in a private file", type(exc).__name__)
            return False

    def _keyring_get(self) -> str | None:
        try:
            import keyring

            return keyring.get_password(SERVICE, self.account)
        except Exception:
            return None
