-- Prioritise: the embedded store's schema (SQLite). Applied at every start; every statement is
-- idempotent, so running it twice changes nothing.
--
-- One table of grain states, written by SqliteGrainStorage (group commit). A row is found by the
-- service, the grain type with its state name, and the grain's key; Version is the
-- optimistic-concurrency token (a write naming a stale version changes nothing and fails). The
-- columns keep the shape of Orleans' ADO.NET storage table, which the PostgreSQL cluster uses, so
-- both stores read alike; the hash and N0/N1 columns are unused here (always 0).

PRAGMA journal_mode = WAL;

CREATE TABLE IF NOT EXISTS OrleansStorage
(
    GrainIdHash            INTEGER NOT NULL,
    GrainIdN0              INTEGER NOT NULL,
    GrainIdN1              INTEGER NOT NULL,
    GrainTypeHash          INTEGER NOT NULL,
    GrainTypeString        TEXT    NOT NULL,
    GrainIdExtensionString TEXT    NULL,
    ServiceId              TEXT    NOT NULL,
    PayloadBinary          BLOB    NULL,
    ModifiedOn             TEXT    NOT NULL,
    Version                INTEGER NOT NULL
);

-- The one lookup, and the reason a racing insert is refused rather than duplicated.
CREATE UNIQUE INDEX IF NOT EXISTS UX_OrleansStorage_Key ON OrleansStorage (ServiceId, GrainTypeString, GrainIdExtensionString);

-- Append-only streams (IEventJournal): a bid's score sheets, one row per saved sheet, so that a
-- sheet costs one small insert however many came before it. A stream's entries are numbered from
-- 1 without gaps; the primary key refuses a second entry with the same number, which is how a
-- stale copy of a grain learns it lost the race.
CREATE TABLE IF NOT EXISTS PrioritiseJournal
(
    ServiceId TEXT    NOT NULL,
    Stream    TEXT    NOT NULL,
    Sequence  INTEGER NOT NULL,
    Payload   BLOB    NOT NULL,
    WrittenOn TEXT    NOT NULL,
    PRIMARY KEY (ServiceId, Stream, Sequence)
) WITHOUT ROWID;
