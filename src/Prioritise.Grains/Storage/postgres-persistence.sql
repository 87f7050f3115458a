-- Prioritise: the cluster store's schema, part 3 of 3: grain state, the journal, and the sessions' key ring.
--
-- The same contract as the embedded store (sqlite-schema.sql): a state row is identified by the
-- grain type, the grain's key (N0, N1 and the string key) and the service id, which stays
-- "prioritise" for ever; the two integer hashes only narrow the lookup. Version is the
-- optimistic-concurrency token: a write names the version it read, and one that does not match
-- changes nothing and returns no row, which Orleans turns into an InconsistentStateException.
--
-- In a cluster this matters: after a silo dies, a grain may briefly run on two silos while the
-- cluster re-places it. The unique index makes two first writes of the same grain impossible (the
-- second finds the row, does nothing and is told so), and the version check does the same for
-- every later write, so a stale copy of a grain can never overwrite a newer state.

CREATE TABLE IF NOT EXISTS OrleansStorage
(
    GrainIdHash            integer     NOT NULL,
    GrainIdN0              bigint      NOT NULL,
    GrainIdN1              bigint      NOT NULL,
    GrainTypeHash          integer     NOT NULL,
    GrainTypeString        text        NOT NULL,
    GrainIdExtensionString text        NULL,
    ServiceId              text        NOT NULL,
    PayloadBinary          bytea       NULL,
    ModifiedOn             timestamptz NOT NULL,
    Version                integer     NOT NULL
);

-- NULLS NOT DISTINCT (PostgreSQL 15): grains with integer keys have no string key, and two such
-- rows for the same grain must still collide.
CREATE UNIQUE INDEX IF NOT EXISTS UX_OrleansStorage_Grain ON OrleansStorage
    (GrainIdHash, GrainTypeHash, ServiceId, GrainTypeString, GrainIdN0, GrainIdN1, GrainIdExtensionString)
    NULLS NOT DISTINCT;

-- A first write (no version yet) inserts version 1 unless the row exists; a later write bumps the
-- version it names. At most one of the two can apply; each returns the new version.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('WriteToStorageKey', '
    WITH created AS (
        INSERT INTO OrleansStorage (GrainIdHash, GrainIdN0, GrainIdN1, GrainTypeHash, GrainTypeString,
                                    GrainIdExtensionString, ServiceId, PayloadBinary, ModifiedOn, Version)
        SELECT @GrainIdHash, @GrainIdN0, @GrainIdN1, @GrainTypeHash, @GrainTypeString,
               @GrainIdExtensionString::text, @ServiceId, @PayloadBinary, now(), 1
        WHERE @GrainStateVersion::integer IS NULL
        ON CONFLICT (GrainIdHash, GrainTypeHash, ServiceId, GrainTypeString, GrainIdN0, GrainIdN1, GrainIdExtensionString)
            DO NOTHING
        RETURNING Version),
    replaced AS (
        UPDATE OrleansStorage
        SET PayloadBinary = @PayloadBinary, ModifiedOn = now(), Version = Version + 1
        WHERE GrainIdHash = @GrainIdHash AND GrainTypeHash = @GrainTypeHash
          AND ServiceId = @ServiceId AND GrainTypeString = @GrainTypeString
          AND GrainIdN0 = @GrainIdN0 AND GrainIdN1 = @GrainIdN1
          AND GrainIdExtensionString IS NOT DISTINCT FROM @GrainIdExtensionString::text
          AND Version = @GrainStateVersion::integer
        RETURNING Version)
    SELECT Version AS NewGrainStateVersion FROM created
    UNION ALL
    SELECT Version AS NewGrainStateVersion FROM replaced;
') ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('ReadFromStorageKey', '
    SELECT PayloadBinary, Version
    FROM OrleansStorage
    WHERE GrainIdHash = @GrainIdHash AND GrainTypeHash = @GrainTypeHash
      AND ServiceId = @ServiceId AND GrainTypeString = @GrainTypeString
      AND GrainIdN0 = @GrainIdN0 AND GrainIdN1 = @GrainIdN1
      AND GrainIdExtensionString IS NOT DISTINCT FROM @GrainIdExtensionString::text;
') ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;

-- Clearing keeps the row (and so the version sequence) and drops the payload.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('ClearStorageKey', '
    UPDATE OrleansStorage
    SET PayloadBinary = NULL, ModifiedOn = now(), Version = Version + 1
    WHERE GrainIdHash = @GrainIdHash AND GrainTypeHash = @GrainTypeHash
      AND ServiceId = @ServiceId AND GrainTypeString = @GrainTypeString
      AND GrainIdN0 = @GrainIdN0 AND GrainIdN1 = @GrainIdN1
      AND GrainIdExtensionString IS NOT DISTINCT FROM @GrainIdExtensionString::text
      AND Version = @GrainStateVersion::integer
    RETURNING Version AS NewGrainStateVersion;
') ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;

-- Append-only streams (IEventJournal, PostgresJournal.cs): a bid's score sheets, one row per saved
-- sheet, so that a sheet costs one small insert however many came before it. Entries are numbered
-- from 1 without gaps within a stream; the primary key refuses a second entry with the same number.
CREATE TABLE IF NOT EXISTS prioritise_journal
(
    service_id text        NOT NULL,
    stream     text        NOT NULL,
    sequence   bigint      NOT NULL,
    payload    bytea       NOT NULL,
    written_on timestamptz NOT NULL,
    PRIMARY KEY (service_id, stream, sequence)
);

-- ASP.NET Core data protection's key ring (silo/Hosting/PostgresKeyRing.cs): every silo must read
-- every other silo's session cookies. Created here, under the schema lock, rather than by each
-- silo on its own: two silos creating the same table at the same moment collide in PostgreSQL's
-- catalogue (pg_type) even with IF NOT EXISTS.
CREATE TABLE IF NOT EXISTS prioritise_data_protection_keys
(
    friendly_name text NOT NULL PRIMARY KEY,
    xml           text NOT NULL
);
