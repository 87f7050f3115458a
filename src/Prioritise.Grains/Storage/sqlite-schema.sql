-- Prioritise: the embedded store's schema (SQLite). Applied at every start; every statement is
-- idempotent, so running it twice changes nothing.
--
-- Orleans' ADO.NET grain storage needs two things: a table of the queries it runs (OrleansQuery,
-- read once when the provider starts) and a table of grain states. A state row is identified by
-- the grain type, the grain's key and the service id; the integer hashes only narrow the lookup.
-- GrainStateVersion is the optimistic-concurrency token: a write names the version it read, and
-- one that does not match changes nothing and reports the old version, which Orleans turns into
-- an InconsistentStateException.

PRAGMA journal_mode = WAL;

CREATE TABLE IF NOT EXISTS OrleansQuery
(
    QueryKey  TEXT NOT NULL PRIMARY KEY,
    QueryText TEXT NOT NULL
);

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

CREATE INDEX IF NOT EXISTS IX_OrleansStorage_Hashes ON OrleansStorage (GrainIdHash, GrainTypeHash);

-- The embedded store's own grain storage (SqliteGrainStorage, with group commit) finds a row by
-- service, grain type with state name, and key; this index makes that one lookup and lets an
-- insert that races another be refused rather than duplicated.
CREATE UNIQUE INDEX IF NOT EXISTS UX_OrleansStorage_Key ON OrleansStorage (ServiceId, GrainTypeString, GrainIdExtensionString);

-- Exactly one of the INSERT (first write, no version yet) or the UPDATE (version matches) can
-- change a row; each returns the new version. When neither did, the last SELECT hands back the
-- version the grain sent, which Orleans reads as a conflict.
INSERT OR REPLACE INTO OrleansQuery (QueryKey, QueryText) VALUES ('WriteToStorageKey', '
    INSERT INTO OrleansStorage (GrainIdHash, GrainIdN0, GrainIdN1, GrainTypeHash, GrainTypeString,
                                GrainIdExtensionString, ServiceId, PayloadBinary, ModifiedOn, Version)
    SELECT @GrainIdHash, @GrainIdN0, @GrainIdN1, @GrainTypeHash, @GrainTypeString,
           @GrainIdExtensionString, @ServiceId, @PayloadBinary, strftime(''%Y-%m-%dT%H:%M:%fZ'', ''now''), 1
    WHERE @GrainStateVersion IS NULL
      AND NOT EXISTS (SELECT 1 FROM OrleansStorage
                      WHERE GrainIdHash = @GrainIdHash AND GrainTypeHash = @GrainTypeHash
                        AND GrainIdN0 = @GrainIdN0 AND GrainIdN1 = @GrainIdN1
                        AND GrainTypeString = @GrainTypeString
                        AND GrainIdExtensionString IS @GrainIdExtensionString
                        AND ServiceId = @ServiceId)
    RETURNING Version AS NewGrainStateVersion;

    UPDATE OrleansStorage
    SET PayloadBinary = @PayloadBinary,
        ModifiedOn = strftime(''%Y-%m-%dT%H:%M:%fZ'', ''now''),
        Version = Version + 1
    WHERE GrainIdHash = @GrainIdHash AND GrainTypeHash = @GrainTypeHash
      AND GrainIdN0 = @GrainIdN0 AND GrainIdN1 = @GrainIdN1
      AND GrainTypeString = @GrainTypeString
      AND GrainIdExtensionString IS @GrainIdExtensionString
      AND ServiceId = @ServiceId
      AND @GrainStateVersion IS NOT NULL
      AND Version = @GrainStateVersion
    RETURNING Version AS NewGrainStateVersion;

    SELECT @GrainStateVersion AS NewGrainStateVersion
    WHERE @GrainStateVersion IS NOT NULL AND changes() = 0;
');

INSERT OR REPLACE INTO OrleansQuery (QueryKey, QueryText) VALUES ('ReadFromStorageKey', '
    SELECT PayloadBinary, Version
    FROM OrleansStorage
    WHERE GrainIdHash = @GrainIdHash AND GrainTypeHash = @GrainTypeHash
      AND GrainIdN0 = @GrainIdN0 AND GrainIdN1 = @GrainIdN1
      AND GrainTypeString = @GrainTypeString
      AND GrainIdExtensionString IS @GrainIdExtensionString
      AND ServiceId = @ServiceId;
');

-- Clearing keeps the row (and so the version sequence) and drops the payload.
INSERT OR REPLACE INTO OrleansQuery (QueryKey, QueryText) VALUES ('ClearStorageKey', '
    UPDATE OrleansStorage
    SET PayloadBinary = NULL,
        ModifiedOn = strftime(''%Y-%m-%dT%H:%M:%fZ'', ''now''),
        Version = Version + 1
    WHERE GrainIdHash = @GrainIdHash AND GrainTypeHash = @GrainTypeHash
      AND GrainIdN0 = @GrainIdN0 AND GrainIdN1 = @GrainIdN1
      AND GrainTypeString = @GrainTypeString
      AND GrainIdExtensionString IS @GrainIdExtensionString
      AND ServiceId = @ServiceId
      AND Version = @GrainStateVersion
    RETURNING Version AS NewGrainStateVersion;

    SELECT @GrainStateVersion AS NewGrainStateVersion
    WHERE @GrainStateVersion IS NOT NULL AND changes() = 0;
');
