"""Who sends a request in multi-user mode: an owner (cookie or bearer token) and maybe the
teacher. Tokens are compared in constant time; owners are known by their token's hash."""

import hashlib
import hmac
import secrets
from dataclasses import dataclass

from starlette.datastructures import Headers

from nnplayground.classroom.owners import owner_key

OWNER_COOKIE = "nnp_owner"
TEACHER_COOKIE = "nnp_teacher"
MIN_TOKEN = 32  # characters of a token a script chooses itself
COOKIE_MAX_AGE = 365 * 24 * 3600
HOW_TO_GET_ONE = ("open the page once (it sets the nnp_owner cookie), or send "
                  "'Authorization: Bearer <token>' with a token from POST /api/session "
                  f"(or any string of {MIN_TOKEN} or more characters you choose)")


class NoOwner(Exception):
    """A request that names no usable owner token (401); the message says how to get one."""


@dataclass(frozen=True)
class Requester:
    key: str  # the owner's token hash
    teacher: bool = False

    def owns(self, owner: str | None) -> bool:
        return owner is not None and hmac.compare_digest(owner, self.key)

    def may_act(self, owner: str | None) -> bool:
        return self.teacher or self.owns(owner)


def new_token() -> str:
    """256 random bits, URL-safe."""
    return secrets.token_urlsafe(32)


def teacher_cookie_value(teacher_token: str) -> str:
    """What the teacher's cookie holds: derived from the token, not the token itself."""
    return hmac.new(teacher_token.encode(), b"nnp_teacher cookie", hashlib.sha256).hexdigest()


def is_teacher(token: str | None, teacher_token: str | None) -> bool:
    return (token is not None and teacher_token is not None
            and hmac.compare_digest(token.encode(), teacher_token.encode()))


def bearer(headers: Headers) -> str | None:
    scheme, _, token = headers.get("authorization", "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


def identify(headers: Headers, cookies: dict[str, str], teacher_token: str | None) -> Requester:
    """The requester, or NoOwner naming what is missing or wrong."""
    token = bearer(headers)
    if headers.get("authorization") and token is None:
        raise NoOwner(f"the Authorization header is not 'Bearer <token>'; {HOW_TO_GET_ONE}")
    teacher = is_teacher(token, teacher_token) or (
        teacher_token is not None and hmac.compare_digest(
            cookies.get(TEACHER_COOKIE, "").encode(),
            teacher_cookie_value(teacher_token).encode()))
    if token is None:
        token = cookies.get(OWNER_COOKIE)
    if token is None:
        raise NoOwner(f"this server is in classroom mode and the request carries no owner "
                      f"token: {HOW_TO_GET_ONE}")
    if len(token) < MIN_TOKEN and not is_teacher(token, teacher_token):
        raise NoOwner(f"the owner token has {len(token)} characters, fewer than {MIN_TOKEN}: "
                      f"{HOW_TO_GET_ONE}")
    return Requester(owner_key(token), teacher)


def has_owner_cookie(cookies: dict[str, str]) -> bool:
    return len(cookies.get(OWNER_COOKIE, "")) >= MIN_TOKEN


def cookie_header(name: str, value: str) -> str:
    return (f"{name}={value}; Path=/; Max-Age={COOKIE_MAX_AGE}; HttpOnly; SameSite=Lax")
