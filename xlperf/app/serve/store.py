"""The service's own store: one SQLite file and one folder beside the inbox.

Tokens are kept as SHA-256 digests only, so a copy of the database gives no working link.
Every file the service hands out is named by the database (a submission's row), never by a
path a client sends.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
import sqlite3
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from xlperf.core.model.findings import Finding

#: The folder beside the inbox that holds the database, versions and outputs.
STORE_SUFFIX = ".xlperf-服务"
DATABASE = "intake.sqlite3"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS tokens (
    id INTEGER PRIMARY KEY,
    digest TEXT UNIQUE NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('unit', 'bureau')),
    unit_code TEXT,
    unit_name TEXT,
    issued REAL NOT NULL,
    revoked REAL
);
CREATE TABLE IF NOT EXISTS submissions (
    id INTEGER PRIMARY KEY,
    unit_code TEXT NOT NULL,
    unit_name TEXT,
    original TEXT NOT NULL,
    stored TEXT NOT NULL,
    version TEXT NOT NULL,
    received REAL NOT NULL,
    sha256 TEXT NOT NULL,
    kind TEXT NOT NULL,
    errors INTEGER NOT NULL,
    warnings INTEGER NOT NULL,
    infos INTEGER NOT NULL,
    fixable INTEGER NOT NULL DEFAULT 0,
    suggestion TEXT,
    report TEXT NOT NULL,
    titles TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX IF NOT EXISTS submissions_unit ON submissions (unit_code, id);
CREATE TABLE IF NOT EXISTS published (
    unit_code TEXT PRIMARY KEY,
    result TEXT NOT NULL,
    letter TEXT,
    published REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS runs (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    started REAL NOT NULL,
    finished REAL,
    ok INTEGER,
    message TEXT,
    output TEXT
);
"""


@dataclass(frozen=True)
class Holder:
    """Who a token belongs to: a unit (its code and name) or the bureau."""

    role: str  # "unit" or "bureau"
    code: str | None = None
    name: str | None = None

    @property
    def is_bureau(self) -> bool:
        return self.role == "bureau"


@dataclass(frozen=True)
class Upload:
    """One accepted upload: where its versions are and what its check said."""

    id: int
    unit_code: str
    unit_name: str | None
    original: str
    stored: str  # the file's name in the inbox (it may since have been superseded)
    version: str  # the kept copy, relative to the store folder
    received: float
    sha256: str
    kind: str
    errors: int
    warnings: int
    infos: int
    fixable: int
    suggestion: str | None
    report: str  # JSON: the findings as ``check --format json`` prints them
    titles: str  # JSON: sheet → "项目编码 项目名称", for the report's headings

    @property
    def findings(self) -> list[Finding]:
        return [Finding.model_validate(f) for f in json.loads(self.report)]

    @property
    def sheet_titles(self) -> dict[str, str]:
        data: dict[str, str] = json.loads(self.titles)
        return data


@dataclass(frozen=True)
class Run:
    """A consolidation or review started from the bureau's page."""

    id: int
    kind: str
    started: float
    finished: float | None
    ok: bool | None
    message: str | None
    output: str | None  # a file or folder relative to the store folder


def new_token() -> str:
    """An unguessable token (192 random bits), safe in a URL."""
    return secrets.token_urlsafe(24)


def digest(token: str) -> str:
    """The form a token is kept in."""
    return hashlib.sha256(token.encode("utf-8", "replace")).hexdigest()


def store_folder(inbox: Path) -> Path:
    """The store beside an inbox: ``收件文件夹.xlperf-服务``."""
    inbox = Path(inbox).resolve()
    return inbox.with_name(inbox.name + STORE_SUFFIX)


class Store:
    """The SQLite database and the store folder, safe to share between request threads."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        for sub in ("versions", "outputs", "tmp"):
            (self.folder / sub).mkdir(exist_ok=True)
        self._lock = threading.Lock()
        self._db = sqlite3.connect(self.folder / DATABASE, check_same_thread=False,
                                   isolation_level=None, timeout=30)
        self._db.row_factory = sqlite3.Row
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.executescript(_SCHEMA)

    def close(self) -> None:
        with self._lock:
            self._db.close()

    @contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    def _all(self, sql: str, args: Sequence[object] = ()) -> list[sqlite3.Row]:
        with self._lock:
            return list(self._db.execute(sql, args))

    # settings ------------------------------------------------------------------
    def secret(self) -> bytes:
        """The key that signs form (CSRF) tokens; made once, kept in the database."""
        with self._tx() as db:
            row = db.execute("SELECT value FROM settings WHERE key='secret'").fetchone()
            if row is None:
                value = secrets.token_hex(32)
                db.execute("INSERT INTO settings VALUES ('secret', ?)", (value,))
                return bytes.fromhex(value)
            return bytes.fromhex(row["value"])

    # tokens --------------------------------------------------------------------
    def issue(self, role: str, code: str | None = None, name: str | None = None,
              token: str | None = None) -> str:
        """A new unguessable token for a unit (or the bureau); the holder's old ones stop working.

        ``token`` installs one made beforehand with :func:`new_token`.
        """
        token = token or new_token()
        now = time.time()
        with self._tx() as db:
            if role == "bureau":
                db.execute("UPDATE tokens SET revoked=? WHERE role='bureau' AND revoked IS NULL",
                           (now,))
            else:
                db.execute("UPDATE tokens SET revoked=? WHERE unit_code=? AND revoked IS NULL",
                           (now, code))
            db.execute("INSERT INTO tokens (digest, role, unit_code, unit_name, issued) "
                       "VALUES (?, ?, ?, ?, ?)", (digest(token), role, code, name, now))
        return token

    def revoke(self, codes: Sequence[str]) -> int:
        """Revoke the live tokens of these unit codes (``财政局`` for the bureau's)."""
        now = time.time()
        count = 0
        with self._tx() as db:
            for code in codes:
                if code == "财政局":
                    cur = db.execute("UPDATE tokens SET revoked=? WHERE role='bureau' "
                                     "AND revoked IS NULL", (now,))
                else:
                    cur = db.execute("UPDATE tokens SET revoked=? WHERE unit_code=? "
                                     "AND revoked IS NULL", (now, code))
                count += cur.rowcount
        return count

    def holder(self, token: str) -> Holder | None:
        """Who a token belongs to, or None for an unknown or revoked one.

        The lookup is by digest; the digests are then compared in constant time, so neither
        the index nor the comparison tells how much of a guess was right.
        """
        wanted = digest(token)
        rows = self._all("SELECT * FROM tokens WHERE digest=? AND revoked IS NULL", (wanted,))
        for row in rows:
            if hmac.compare_digest(row["digest"], wanted):
                return Holder(row["role"], row["unit_code"], row["unit_name"])
        return None

    # submissions ---------------------------------------------------------------
    def add_submission(self, **fields: object) -> int:
        names = ", ".join(fields)
        marks = ", ".join("?" for _ in fields)
        with self._tx() as db:
            cur = db.execute(f"INSERT INTO submissions ({names}) VALUES ({marks})",
                             tuple(fields.values()))
            return int(cur.lastrowid or 0)

    def submissions(self, code: str) -> list[Upload]:
        """A unit's versions, the newest first."""
        rows = self._all("SELECT * FROM submissions WHERE unit_code=? ORDER BY id DESC", (code,))
        return [Upload(**dict(r)) for r in rows]

    def submission(self, code: str, number: int) -> Upload | None:
        """One version of one unit's (None for another unit's)."""
        rows = self._all("SELECT * FROM submissions WHERE unit_code=? AND id=?", (code, number))
        return Upload(**dict(rows[0])) if rows else None

    def ordinal(self, submission: Upload) -> int:
        """Which of its unit's versions this is: 1 for the first."""
        rows = self._all("SELECT COUNT(*) AS n FROM submissions WHERE unit_code=? AND id<=?",
                         (submission.unit_code, submission.id))
        return int(rows[0]["n"])

    def latest(self) -> dict[str, Upload]:
        """Each unit's newest version."""
        rows = self._all("SELECT s.* FROM submissions s JOIN (SELECT unit_code, MAX(id) AS id "
                         "FROM submissions GROUP BY unit_code) m ON s.id = m.id")
        return {r["unit_code"]: Upload(**dict(r)) for r in rows}

    def counts(self) -> dict[str, int]:
        """Versions per unit."""
        rows = self._all("SELECT unit_code, COUNT(*) AS n FROM submissions GROUP BY unit_code")
        return {r["unit_code"]: int(r["n"]) for r in rows}

    # publishing ------------------------------------------------------------------
    def publish(self, results: Sequence[tuple[str, str, str | None]]) -> None:
        """Make (unit code, result, letter path in the store) visible to the units."""
        now = time.time()
        with self._tx() as db:
            db.executemany("INSERT OR REPLACE INTO published VALUES (?, ?, ?, ?)",
                           [(code, result, letter, now) for code, result, letter in results])

    def published(self, code: str) -> tuple[str, str | None, float] | None:
        rows = self._all("SELECT * FROM published WHERE unit_code=?", (code,))
        return (rows[0]["result"], rows[0]["letter"], rows[0]["published"]) if rows else None

    # runs --------------------------------------------------------------------------
    def start_run(self, kind: str) -> int | None:
        """Record a run as started; None when one of that kind is still going."""
        with self._tx() as db:
            busy = db.execute("SELECT 1 FROM runs WHERE kind=? AND finished IS NULL",
                              (kind,)).fetchone()
            if busy:
                return None
            cur = db.execute("INSERT INTO runs (kind, started) VALUES (?, ?)", (kind, time.time()))
            return int(cur.lastrowid or 0)

    def finish_run(self, number: int, ok: bool, message: str, output: str | None) -> None:
        with self._tx() as db:
            db.execute("UPDATE runs SET finished=?, ok=?, message=?, output=? WHERE id=?",
                       (time.time(), int(ok), message, output, number))

    def runs(self, limit: int = 10) -> list[Run]:
        rows = self._all("SELECT * FROM runs ORDER BY id DESC LIMIT ?", (limit,))
        return [Run(r["id"], r["kind"], r["started"], r["finished"],
                    None if r["ok"] is None else bool(r["ok"]), r["message"], r["output"])
                for r in rows]

    def run(self, number: int) -> Run | None:
        return next((r for r in self.runs(1000) if r.id == number), None)

    def abandon_runs(self) -> None:
        """Runs left unfinished by a stopped service are over."""
        with self._tx() as db:
            db.execute("UPDATE runs SET finished=?, ok=0, message='服务重启，本次运行未完成' "
                       "WHERE finished IS NULL", (time.time(),))
