-- Prioritise: the cluster store's schema (PostgreSQL 15 or later), part 1 of 3: the query table.
--
-- Orleans' ADO.NET providers (clustering and grain storage) run no SQL of their own: each reads
-- the texts it needs from OrleansQuery, by key, when it starts, and binds its values to them as
-- named parameters (@DeploymentId, @GrainIdHash, ...). The providers read results by column name
-- (case-insensitively), so what matters is the names and types of the parameters and columns, not
-- the layout of our tables.
--
-- The three postgres-*.sql files are applied together, in one transaction, under an advisory lock
-- (PostgresStore.EnsureSchema), at every silo start. Every statement is idempotent: tables and
-- indexes are created only if missing, and every query text is inserted or replaced, so a newer
-- release upgrades the texts in place and running the files twice changes nothing.
--
-- Parameters that may be NULL are cast (@x::integer): Npgsql sends a NULL without a type, and
-- PostgreSQL must know it to compare it.

CREATE TABLE IF NOT EXISTS OrleansQuery
(
    QueryKey  varchar(64) NOT NULL PRIMARY KEY,
    QueryText text        NOT NULL
);
