"""A SQLAlchemy mapping of a Roster workspace (see docs/file-format.md).

Tested by test/node/compat/third-party.test.ts with Debian's python3-sqlalchemy (1.4):
the seed scenario runs against two files made by `roster workspace create`, and Roster
then lists and finds exactly what SQLAlchemy wrote.

    /usr/bin/python3 docs/examples/sqlalchemy_roster.py A.roster B.roster
"""

import sys

from sqlalchemy import Column, DateTime, Integer, String, create_engine, select
from sqlalchemy.orm import Session, declarative_base

Base = declarative_base()


class Person(Base):
    """Roster's Person table. Write `name`; leave the rest to the file.

    nameKey, createdAt and updatedAt have defaults in the file, and its triggers store
    times in Roster's form and give a provisional key that Roster refines (it folds
    Unicode, which SQL cannot). Do not write nameKey yourself unless you fold exactly
    as Roster does; a wrong key is corrected, but search misses the row until then.
    """

    __tablename__ = "Person"
    id = Column(Integer, primary_key=True)
    name = Column(String, nullable=False)
    # Read-only from SQLAlchemy's side: the file fills them.
    nameKey = Column(String, nullable=False, server_default="")
    createdAt = Column(DateTime, nullable=False, server_default="CURRENT_TIMESTAMP")
    updatedAt = Column(DateTime, nullable=False, server_default="CURRENT_TIMESTAMP")


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
            names = session.scalars(select(Person.name).order_by(Person.id)).all()
            print(label, "|".join(names))


if __name__ == "__main__":
    seed(sys.argv[1], sys.argv[2])
