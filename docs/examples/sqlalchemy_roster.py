"""A SQLAlchemy mapping of a Roster workspace (see docs/user/file-format.md).

Tested by test/node/compat/third-party.test.ts with SQLAlchemy 1.4:
the seed scenario runs against two files made by `roster workspace create`, whole rows
are loaded back (times included) and compared with what `roster people list --json`
prints, and Roster then lists and finds exactly what SQLAlchemy wrote.

    /usr/bin/python3 docs/examples/sqlalchemy_roster.py A.roster B.roster
    /usr/bin/python3 docs/examples/sqlalchemy_roster.py --list A.roster
"""

import json
import sys
from datetime import datetime, timezone

from sqlalchemy import Column, Integer, String, create_engine, select, text
from sqlalchemy.orm import Session, declarative_base
from sqlalchemy.types import TypeDecorator

Base = declarative_base()


class RosterTime(TypeDecorator):
    """A time as Roster stores it: UTC text, milliseconds, "+00:00" (2026-11-24T09:27:04.887+00:00).

    SQLAlchemy's own DateTime cannot be used: on SQLite it only reads its own
    "2026-11-24 09:27:04.887000" and fails on Roster's form, and its `regexp` option
    would read the three fraction digits as microseconds. This type reads Roster's form
    (and the other forms SQLite tools write, in case a row was stored while Roster's
    triggers were missing) as an aware UTC datetime. It writes an aware datetime in UTC,
    and a naive one as UTC (Roster reads text without a zone as UTC, never local time),
    in Roster's form, so the file's triggers have nothing to rewrite.
    """

    impl = String  # the column is DATETIME in the file; SQLAlchemy must not convert it itself
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            value = value.replace(tzinfo=timezone.utc)
        return value.astimezone(timezone.utc).isoformat(timespec="milliseconds")

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        if isinstance(value, (int, float)):  # epoch seconds, or milliseconds above 10^11
            return datetime.fromtimestamp(value / 1000 if abs(value) >= 1e11 else value, timezone.utc)
        stamp = value.strip().replace(" ", "T", 1)
        if stamp[-1:] in ("Z", "z"):
            stamp = stamp[:-1] + "+00:00"
        parsed = datetime.fromisoformat(stamp)
        return parsed.replace(tzinfo=timezone.utc) if parsed.tzinfo is None else parsed.astimezone(timezone.utc)


class Person(Base):
    """Roster's Person table. Write `name`; leave the rest to the file.

    nameKey, createdAt and updatedAt have defaults in the file, and its triggers store
    times in Roster's form and give a provisional key that Roster refines (it folds
    Unicode, which SQL cannot). Do not write nameKey yourself unless you fold exactly
    as Roster does; a wrong key is corrected, but search misses the row until then.
    Times may be written (any datetime; naive means UTC).
    """

    __tablename__ = "Person"
    id = Column(Integer, primary_key=True)
    name = Column(String, nullable=False)
    nameKey = Column(String, nullable=False, server_default="")
    createdAt = Column(RosterTime, nullable=False, server_default=text("CURRENT_TIMESTAMP"))
    updatedAt = Column(RosterTime, nullable=False, server_default=text("CURRENT_TIMESTAMP"))


def roster_json_time(value: datetime) -> str:
    """A time as `roster people list --json` prints it: 2026-11-24T09:27:04.887Z."""
    utc = value.astimezone(timezone.utc)
    return utc.strftime("%Y-%m-%dT%H:%M:%S.") + f"{utc.microsecond // 1000:03d}Z"


def seed(path_a: str, path_b: str) -> None:
    """The original recipe: one metadata, two engines, two sessions, each its own rows."""
    engine_a = create_engine(f"sqlite:///{path_a}")
    engine_b = create_engine(f"sqlite:///{path_b}")
    with Session(engine_a) as first, Session(engine_b) as second:
        first.add_all([Person(name="Alice Ångström"), Person(name="Straße Bob")])
        second.add(Person(name="Carol Øberg"))
        first.commit()
        second.commit()
        for label, session in (("A", first), ("B", second)):
            # Whole rows, times included (what SQLAlchemy's DateTime could not read).
            people = session.scalars(select(Person).order_by(Person.id)).all()
            print(label, "|".join(person.name for person in people))


def people(path: str) -> list:
    """Every person in the file, whole, in id order, as `roster people list --json` shows them."""
    with Session(create_engine(f"sqlite:///{path}")) as session:
        return [
            {"id": p.id, "name": p.name, "createdAt": roster_json_time(p.createdAt), "updatedAt": roster_json_time(p.updatedAt)}
            for p in session.scalars(select(Person).order_by(Person.id))
        ]


if __name__ == "__main__":
    if sys.argv[1] == "--list":
        print(json.dumps(people(sys.argv[2]), ensure_ascii=False))
    else:
        seed(sys.argv[1], sys.argv[2])
