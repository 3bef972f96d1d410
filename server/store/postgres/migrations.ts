/**
 * The PostgreSQL schema, as numbered migrations applied in order at start-up (./migrate.ts). A migration is
 * never edited once released: a change is a new migration. Every name starts with `scim_desk_`, so the
 * tables can share a database (and a schema) with other applications.
 */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

const INITIAL = String.raw`
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- Values of a JSON value as the query semantics walk them: each element of an array, else the value itself;
-- JSON nulls are no value.
CREATE FUNCTION scim_desk_values(v jsonb) RETURNS SETOF jsonb LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT e FROM jsonb_array_elements(CASE WHEN jsonb_typeof(v) = 'array' THEN v ELSE jsonb_build_array(v) END) AS e
  WHERE jsonb_typeof(e) <> 'null'
$$;

-- Text of a string, number or boolean (else NULL).
CREATE FUNCTION scim_desk_text(v jsonb) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN jsonb_typeof(v) IN ('string', 'number', 'boolean') THEN v #>> '{}' END
$$;

CREATE FUNCTION scim_desk_boolean(v jsonb) RETURNS boolean LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE
    WHEN jsonb_typeof(v) = 'boolean' THEN (v #>> '{}')::boolean
    WHEN jsonb_typeof(v) = 'string' AND lower(v #>> '{}') IN ('true', 'false') THEN lower(v #>> '{}')::boolean
  END
$$;

CREATE FUNCTION scim_desk_number(v jsonb) RETURNS numeric LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE
    WHEN jsonb_typeof(v) = 'number' THEN (v #>> '{}')::numeric
    WHEN jsonb_typeof(v) = 'string' AND (v #>> '{}') ~ '^\s*[-+]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?\s*$' THEN trim(v #>> '{}')::numeric
  END
$$;

-- An instant from an ISO 8601 text (NULL when it is not one).
CREATE FUNCTION scim_desk_instant(v jsonb) RETURNS timestamptz LANGUAGE plpgsql STABLE PARALLEL SAFE AS $$
BEGIN
  IF jsonb_typeof(v) <> 'string' THEN RETURN NULL; END IF;
  RETURN (v #>> '{}')::timestamptz;
EXCEPTION WHEN others THEN
  RETURN NULL;
END
$$;

-- Non-empty: not "", and for objects and arrays some member is (no deeper than three levels).
CREATE FUNCTION scim_desk_present(v jsonb, depth integer DEFAULT 0) RETURNS boolean LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
SET search_path FROM CURRENT AS $$
BEGIN
  IF v IS NULL THEN RETURN false; END IF;
  CASE jsonb_typeof(v)
    WHEN 'null' THEN RETURN false;
    WHEN 'string' THEN RETURN v <> '""'::jsonb;
    WHEN 'array' THEN
      IF depth > 2 THEN RETURN true; END IF;
      RETURN EXISTS (SELECT 1 FROM jsonb_array_elements(v) AS e WHERE scim_desk_present(e, depth + 1));
    WHEN 'object' THEN
      IF depth > 2 THEN RETURN true; END IF;
      RETURN EXISTS (SELECT 1 FROM jsonb_each(v) AS e WHERE scim_desk_present(e.value, depth + 1));
    ELSE RETURN true;
  END CASE;
END
$$;

-- A multi-valued attribute's sort value: its primary element, else its first.
CREATE FUNCTION scim_desk_primary_or_first(v jsonb) RETURNS jsonb LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN jsonb_typeof(v) = 'array' THEN coalesce(
    (SELECT e FROM jsonb_array_elements(v) AS e WHERE jsonb_typeof(e) = 'object' AND (e -> 'primary' = 'true'::jsonb OR e -> 'primary' = '"true"'::jsonb) LIMIT 1),
    v -> 0) ELSE v END
$$;

-- A user's email addresses, lower-cased: what the email indexes hold.
CREATE FUNCTION scim_desk_email_values(data jsonb) RETURNS text[] LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT coalesce(array_agg(lower(e ->> 'value')) FILTER (WHERE e ->> 'value' IS NOT NULL), '{}')
  FROM jsonb_array_elements(CASE WHEN jsonb_typeof(data -> 'emails') = 'array' THEN data -> 'emails' ELSE '[]'::jsonb END) AS e
$$;

CREATE FUNCTION scim_desk_email_text(data jsonb) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT coalesce(string_agg(lower(e ->> 'value'), E'\n'), '')
  FROM jsonb_array_elements(CASE WHEN jsonb_typeof(data -> 'emails') = 'array' THEN data -> 'emails' ELSE '[]'::jsonb END) AS e
$$;

CREATE TABLE scim_desk_users (
  id text PRIMARY KEY,
  ord bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
  data jsonb NOT NULL,
  created text COLLATE "C" NOT NULL,
  last_modified text COLLATE "C" NOT NULL,
  version integer NOT NULL,
  origin text
);
CREATE UNIQUE INDEX scim_desk_users_user_name ON scim_desk_users (lower(data ->> 'userName'));
CREATE INDEX scim_desk_users_user_name_trgm ON scim_desk_users USING gin (lower(data ->> 'userName') gin_trgm_ops);
CREATE INDEX scim_desk_users_external_id ON scim_desk_users ((data ->> 'externalId'));
CREATE INDEX scim_desk_users_external_id_trgm ON scim_desk_users USING gin ((data ->> 'externalId') gin_trgm_ops);
CREATE INDEX scim_desk_users_display_name ON scim_desk_users (lower(data ->> 'displayName'));
CREATE INDEX scim_desk_users_display_name_trgm ON scim_desk_users USING gin (lower(data ->> 'displayName') gin_trgm_ops);
CREATE INDEX scim_desk_users_emails ON scim_desk_users USING gin (scim_desk_email_values(data));
CREATE INDEX scim_desk_users_emails_trgm ON scim_desk_users USING gin (scim_desk_email_text(data) gin_trgm_ops);
CREATE INDEX scim_desk_users_last_modified ON scim_desk_users (last_modified);
CREATE INDEX scim_desk_users_last_modified_trgm ON scim_desk_users USING gin (last_modified gin_trgm_ops);

CREATE TABLE scim_desk_groups (
  id text PRIMARY KEY,
  ord bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
  data jsonb NOT NULL,
  created text COLLATE "C" NOT NULL,
  last_modified text COLLATE "C" NOT NULL,
  version integer NOT NULL,
  origin text
);
CREATE UNIQUE INDEX scim_desk_groups_display_name ON scim_desk_groups (lower(data ->> 'displayName'));
CREATE INDEX scim_desk_groups_display_name_trgm ON scim_desk_groups USING gin (lower(data ->> 'displayName') gin_trgm_ops);
CREATE INDEX scim_desk_groups_external_id ON scim_desk_groups ((data ->> 'externalId'));
CREATE INDEX scim_desk_groups_external_id_trgm ON scim_desk_groups USING gin ((data ->> 'externalId') gin_trgm_ops);
CREATE INDEX scim_desk_groups_last_modified ON scim_desk_groups (last_modified);
CREATE INDEX scim_desk_groups_last_modified_trgm ON scim_desk_groups USING gin (last_modified gin_trgm_ops);

-- One row per membership: adding or removing a member never rewrites a member list. The foreign keys make
-- a member's deletion drop its memberships, and make adding a member that is being deleted fail.
CREATE TABLE scim_desk_memberships (
  group_id text NOT NULL REFERENCES scim_desk_groups (id) ON DELETE CASCADE,
  member_id text NOT NULL,
  member_type text NOT NULL CHECK (member_type IN ('User', 'Group')),
  user_member text REFERENCES scim_desk_users (id) ON DELETE CASCADE,
  group_member text REFERENCES scim_desk_groups (id) ON DELETE CASCADE,
  display text,
  ord bigint GENERATED ALWAYS AS IDENTITY,
  PRIMARY KEY (group_id, member_id),
  CHECK (CASE member_type WHEN 'User' THEN user_member = member_id AND group_member IS NULL ELSE group_member = member_id AND user_member IS NULL END)
);
CREATE INDEX scim_desk_memberships_order ON scim_desk_memberships (group_id, ord);
CREATE INDEX scim_desk_memberships_member ON scim_desk_memberships (member_id, ord);
CREATE INDEX scim_desk_memberships_user_member ON scim_desk_memberships (user_member) WHERE user_member IS NOT NULL;
CREATE INDEX scim_desk_memberships_group_member ON scim_desk_memberships (group_member) WHERE group_member IS NOT NULL;

-- Admin-side documents (rules, settings, tokens as hashes, webhooks with sealed secrets, delivery progress),
-- one row each; a new collection needs no migration.
CREATE TABLE scim_desk_documents (
  collection text NOT NULL,
  id text NOT NULL,
  doc jsonb NOT NULL,
  ord bigint GENERATED ALWAYS AS IDENTITY,
  PRIMARY KEY (collection, id)
);

-- The commit log: one row per committed transaction. id is taken before the commit, so it is NOT the commit
-- order; position is, assigned after the commit by the sequencer (docs/scale-out.md).
CREATE TABLE scim_desk_changes (
  id bigserial PRIMARY KEY,
  position bigint UNIQUE,
  summary jsonb NOT NULL,
  committed_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX scim_desk_changes_pending ON scim_desk_changes (id) WHERE position IS NULL;

-- The outbox and change feed: a transaction's events, numbered into the feed with its change.
CREATE TABLE scim_desk_events (
  change_id bigint NOT NULL,
  seq integer NOT NULL,
  pos bigint UNIQUE,
  event_id text NOT NULL,
  type text NOT NULL,
  timestamp text NOT NULL,
  key text NOT NULL,
  data jsonb NOT NULL,
  PRIMARY KEY (change_id, seq)
);
CREATE INDEX scim_desk_events_pending ON scim_desk_events (change_id) WHERE pos IS NULL;

-- The sequencer's counters (one row).
CREATE TABLE scim_desk_sequence (
  singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  last_position bigint NOT NULL,
  last_event_pos bigint NOT NULL
);
INSERT INTO scim_desk_sequence (singleton, last_position, last_event_pos) VALUES (true, 0, 0);
`;

// The sequencer's run as one statement (one round trip instead of eight): under its advisory lock it numbers
// what has committed, unnumbered, by id, then their events in that order, moves the counters on, notifies
// every node, and answers the positions of the changes its callers wait for. A volatile PL/pgSQL function
// takes a fresh snapshot for each statement under READ COMMITTED, so the statements after the lock see every
// transaction committed before the lock was granted, exactly as the separate statements did.
const SEQUENCER_FUNCTION = String.raw`
CREATE FUNCTION scim_desk_number_changes(batch integer, wanted bigint[]) RETURNS jsonb LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  last_pos bigint;
  last_ev bigint;
  changes_numbered integer;
  events_numbered integer := 0;
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('scim-desk sequencer'));
  SELECT last_position, last_event_pos INTO last_pos, last_ev FROM scim_desk_sequence;
  WITH pending AS (
    SELECT id, last_pos + row_number() OVER (ORDER BY id) AS position
    FROM (SELECT id FROM scim_desk_changes WHERE position IS NULL ORDER BY id LIMIT batch) AS p
  )
  UPDATE scim_desk_changes AS c SET position = pending.position FROM pending WHERE c.id = pending.id;
  GET DIAGNOSTICS changes_numbered = ROW_COUNT;
  IF changes_numbered > 0 THEN
    WITH pending AS (
      SELECT e.change_id, e.seq, last_ev + row_number() OVER (ORDER BY c.position, e.seq) AS pos
      FROM scim_desk_events AS e JOIN scim_desk_changes AS c ON c.id = e.change_id
      WHERE e.pos IS NULL AND c.position > last_pos
    )
    UPDATE scim_desk_events AS e SET pos = pending.pos FROM pending
    WHERE e.change_id = pending.change_id AND e.seq = pending.seq;
    GET DIAGNOSTICS events_numbered = ROW_COUNT;
    UPDATE scim_desk_sequence
    SET last_position = last_pos + changes_numbered, last_event_pos = last_ev + events_numbered;
    -- Delivered when this transaction commits: every node then reads the new changes.
    PERFORM pg_notify('scim_desk_changes', (last_pos + changes_numbered)::text);
  END IF;
  RETURN jsonb_build_object(
    'full', changes_numbered = batch,
    'positions', (SELECT coalesce(jsonb_object_agg(id::text, position), '{}'::jsonb)
                  FROM scim_desk_changes WHERE id = ANY (wanted) AND position IS NOT NULL));
END
$$;
`;

// The setup wizard's evidence, shared by every node: one row, merged into under a row lock (never overwritten
// by a node that did not read it first). Kept out of the documents: it changes with SCIM traffic, and nothing
// needs to follow it through the commit log.
const WIZARD_EVIDENCE = String.raw`
CREATE TABLE scim_desk_wizard_evidence (
  singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  evidence jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
`;

// A timestamp's substrings are no search anyone makes: meta.lastModified is compared by range and equality (its
// B-tree index). Its trigram indexes cost every write of a user or group a GIN update for nothing; a `co`, `sw`
// or `ew` on it still works, by reading the rows.
const NO_LAST_MODIFIED_TRIGRAMS = String.raw`
DROP INDEX IF EXISTS scim_desk_users_last_modified_trgm;
DROP INDEX IF EXISTS scim_desk_groups_last_modified_trgm;
`;

export const MIGRATIONS: readonly Migration[] = [
  { version: 1, name: 'directory, documents, commit log and change feed', sql: INITIAL },
  { version: 2, name: "the setup wizard's evidence, shared by the nodes", sql: WIZARD_EVIDENCE },
  { version: 3, name: 'the sequencer in one statement', sql: SEQUENCER_FUNCTION },
  { version: 4, name: 'no trigram indexes on lastModified', sql: NO_LAST_MODIFIED_TRIGRAMS },
];
