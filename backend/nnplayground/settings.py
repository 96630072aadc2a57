"""Server settings: one model, read from `nnplayground serve` flags and NNPLAYGROUND_* variables.

Every field is a flag of `nnplayground serve` (`data_dir` -> `--data-dir`; a limit ->
`--limits.max-units`) and an environment variable (`NNPLAYGROUND_DATA_DIR`,
`NNPLAYGROUND_LIMITS__MAX_UNITS`). A flag wins over the variable, the variable over the
default. A new setting is a new field with a description: the CLI, its --help and the
environment pick it up from here.
"""

import os
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from nnplayground.limits import Limits

ENV_PREFIX = "NNPLAYGROUND_"
ENV_NESTED_DELIMITER = "__"
MIN_TEACHER_TOKEN = 16


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix=ENV_PREFIX,
                                      env_nested_delimiter=ENV_NESTED_DELIMITER,
                                      frozen=True, extra="forbid")

    host: str = Field("127.0.0.1", description="address to listen on (0.0.0.0: every interface)")
    port: int = Field(8000, ge=0, le=65535, description="port to listen on")
    data_dir: Path = Field(Path("data"),
                           description="where jobs and uploads persist (created if missing)")
    # The compiled kernel trains without the GIL, so one thread per core uses them all. (On
    # the numpy kernel they share the GIL: more than one helps only big networks.)
    workers: int = Field(default_factory=lambda: os.cpu_count() or 1, ge=1,
                         description="training threads (default: one per core)")
    kernel: Literal["compiled", "numpy"] = Field(
        "compiled", description="what trains jobs: the compiled kernel (numba; numpy until it "
                                "has compiled, and for what it does not cover) or numpy alone")
    limits: Limits = Field(default_factory=Limits,
                           description="what a job may ask for (GET /api/limits)")
    slice_seconds: float = Field(
        0.005, gt=0, description="CPU time a worker trains one job before the next (round-robin)")
    # The event loop's worst wait for each GIL hand-over (sys.setswitchinterval).
    switch_interval: float = Field(
        0.001, gt=0, description="longest a thread holds the GIL while another waits for it")
    checkpoint_seconds: float = Field(
        5.0, gt=0, description="checkpoint running jobs this often (also on pause, step, end)")
    boundary_seconds: float = Field(
        0.25, gt=0, description="send a running 2-D job's decision boundary this often")
    idle_session_seconds: float = Field(
        60.0, gt=0, description="unload a session unused this long (not running) from memory; "
                                "it is rebuilt from its checkpoint when needed")
    stall_seconds: float = Field(
        30.0, gt=0, description="/api/health answers 503 once a training worker has been this "
                                "long in one slice")
    stream_messages_per_second: float = Field(
        30.0, gt=0, description="most metrics messages a second to one WebSocket client")
    runner: Literal["embedded", "ray"] = Field(
        "embedded", description="where running jobs train: threads of this process "
                                "(embedded) or Ray actors (ray; needs the ray extra)")
    ray_address: str | None = Field(
        None, description="with --runner ray: the Ray cluster to join (auto, host:port or "
                          "ray://host:port); without it a local Ray instance starts")
    # Who may use the server from a browser (api/security.py).
    allowed_hosts: Annotated[tuple[str, ...], NoDecode] = Field(
        (), description="host names answered besides the loopback names and the address a "
                        "connection came in on, comma-separated ('*': any)")
    allowed_origins: Annotated[tuple[str, ...], NoDecode] = Field(
        (), description="origins (e.g. http://tools.lan:3000) allowed to change state and open "
                        "WebSockets besides the page's own, comma-separated")
    # Slow or stuck clients (api/connections.py).
    header_timeout_seconds: float = Field(
        10.0, gt=0, description="a request's headers must arrive within this many seconds")
    body_timeout_seconds: float = Field(
        60.0, gt=0, description="a request's body must arrive within this many seconds after "
                                "its headers")
    max_connections: int = Field(500, ge=1, description="open connections; new ones past it "
                                                        "are closed")
    write_stall_seconds: float = Field(
        10.0, gt=0, description="a peer that reads none of our bytes this long is cut off")
    # Classroom (classroom/): owners, a teacher, quotas, idle runs pausing. Off: none of it.
    multi_user: bool = Field(
        False, description="many people on one server: each browser owns its jobs and "
                           "uploads (cookie nnp_owner, or Authorization: Bearer)")
    teacher_token: str | None = Field(
        None, description="with --multi-user: the secret (16+ characters) that opens /teacher "
                          "and every job")
    idle_pause_s: float = Field(
        120.0, gt=0, description="with --multi-user: pause a running job nobody has watched "
                                 "for this many seconds")
    quota_running_jobs: int = Field(2, ge=1, description="with --multi-user: running jobs "
                                                         "per owner")
    quota_stored_jobs: int = Field(30, ge=1, description="with --multi-user: stored jobs per "
                                                         "owner")
    quota_uploads: int = Field(10, ge=0, description="with --multi-user: uploaded datasets "
                                                     "per owner")

    @field_validator("teacher_token")
    @classmethod
    def long_enough(cls, value: str | None) -> str | None:
        if value is not None and len(value) < MIN_TEACHER_TOKEN:
            raise ValueError(f"the teacher token has {len(value)} characters; use at least "
                             f"{MIN_TEACHER_TOKEN} (e.g. python -c 'import secrets; "
                             "print(secrets.token_urlsafe(24))')")
        return value

    @model_validator(mode="after")
    def teacher_needs_classroom(self) -> "Settings":
        if self.teacher_token is not None and not self.multi_user:
            raise ValueError("--teacher-token needs --multi-user (NNPLAYGROUND_MULTI_USER=1)")
        return self

    @field_validator("allowed_hosts", "allowed_origins", mode="before")
    @classmethod
    def comma_separated(cls, value):
        if isinstance(value, str):
            return tuple(name.strip() for name in value.split(",") if name.strip())
        if isinstance(value, list) and len(value) == 1 and isinstance(value[0], str):
            return cls.comma_separated(value[0])
        return value


def default_setting(name: str):
    """A setting's default, for code that also runs without a Settings (tests, notebooks)."""
    field = Settings.model_fields[name]
    return field.get_default(call_default_factory=True)
