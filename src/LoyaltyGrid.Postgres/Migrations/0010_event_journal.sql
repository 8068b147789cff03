-- The event journal: accepted events appended per stream (a customer, a session), instead of
-- every event rewriting its owner's whole state document.
--
-- stream is COLLATE "C": readers order the journal by (tx, stream, seq) and resume after a
-- position compared in C# with ordinal string order; byte order of UTF-8 is that order (up to
-- characters outside the basic plane, which stream keys do not use), and "C" compares faster.
--
-- payload is json, not jsonb: the journal is written far more often than it is searched inside,
-- and json keeps the text as given (only checked to be JSON), while jsonb parses it into a binary
-- form on every insert. Readers want the text back anyway. A projection that needs to look inside
-- casts (payload::jsonb) on the few rows it reads.
--
-- tx is the id of the transaction that wrote the row. Commit-safe readers take only rows whose
-- transaction is older than the oldest one still running (pg_snapshot_xmin), so nothing can be
-- committed later before a position they passed; an identity column cannot give that guarantee,
-- because ids are drawn before commit and commit out of order.
--
-- Hash partitioning by stream, with a fixed count, is the shape a distributed PostgreSQL (Citus
-- distributes a table by such a key) takes without a schema change; every key and index leads
-- with stream or is local to a partition. Eight keeps each partition's indexes smaller and
-- vacuum per partition shorter without many files on a small installation.
CREATE TABLE journal
(
    stream      text COLLATE "C" NOT NULL,
    seq         bigint           NOT NULL,
    event_id    text             NOT NULL,
    type        text             NOT NULL,
    occurred_at timestamptz      NOT NULL,
    accepted_at timestamptz      NOT NULL,
    tx          xid8             NOT NULL DEFAULT pg_current_xact_id(),
    payload     json             NOT NULL,
    PRIMARY KEY (stream, seq),
    -- A retried event is found (and refused) by its id within its stream.
    UNIQUE (stream, event_id)
) PARTITION BY HASH (stream);

CREATE TABLE journal_p0 PARTITION OF journal FOR VALUES WITH (MODULUS 8, REMAINDER 0);
CREATE TABLE journal_p1 PARTITION OF journal FOR VALUES WITH (MODULUS 8, REMAINDER 1);
CREATE TABLE journal_p2 PARTITION OF journal FOR VALUES WITH (MODULUS 8, REMAINDER 2);
CREATE TABLE journal_p3 PARTITION OF journal FOR VALUES WITH (MODULUS 8, REMAINDER 3);
CREATE TABLE journal_p4 PARTITION OF journal FOR VALUES WITH (MODULUS 8, REMAINDER 4);
CREATE TABLE journal_p5 PARTITION OF journal FOR VALUES WITH (MODULUS 8, REMAINDER 5);
CREATE TABLE journal_p6 PARTITION OF journal FOR VALUES WITH (MODULUS 8, REMAINDER 6);
CREATE TABLE journal_p7 PARTITION OF journal FOR VALUES WITH (MODULUS 8, REMAINDER 7);

-- The projections' reader: pages in commit-safe order, (tx, stream, seq) > checkpoint. Each
-- partition's index is ordered this way, so a page is a merge of eight index range scans.
CREATE INDEX journal_commit_order ON journal (tx, stream, seq);

-- A stream's folded state, so that activating it reads only the tail of its journal. One row per
-- stream, replaced only by a newer one (seq).
CREATE TABLE stream_snapshot
(
    stream     text COLLATE "C" PRIMARY KEY,
    seq        bigint           NOT NULL,
    payload    json             NOT NULL,
    written_at timestamptz      NOT NULL DEFAULT now()
);

-- The number of partitions of stream_due, defined once here: the sweeper asks for it, and the
-- partition column is computed from it. Changing it needs a migration that recomputes the column.
CREATE FUNCTION journal_due_partitions() RETURNS smallint
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN 16;

-- A stream's partition among the due sweepers: a stable hash of its key (hashtextextended is the
-- hash PostgreSQL itself uses for text; it does not change between versions because hash indexes
-- and hash partitions are stored by it).
CREATE FUNCTION journal_due_partition(stream text) RETURNS smallint
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN ((hashtextextended(stream, 0) % journal_due_partitions() + journal_due_partitions()) % journal_due_partitions())::smallint;

-- When a stream wants to be woken without an event (an expiry, a reminder of its own). Written in
-- the transaction of the append that decided it; the sweeper of its partition wakes it once the
-- moment passed, and the woken owner writes its next moment (or deletes the row).
CREATE TABLE stream_due
(
    stream    text COLLATE "C" PRIMARY KEY,
    partition smallint         NOT NULL GENERATED ALWAYS AS (journal_due_partition(stream)) STORED,
    due_at    timestamptz      NOT NULL
);

-- A sweeper owns some partitions and reads each one's earliest due streams.
CREATE INDEX stream_due_sweep ON stream_due (partition, due_at);

-- Where each projection's generations stand. The live generation (live) is what readers see; at
-- most one other generation is being rebuilt beside it. (tx, stream, seq) is the last entry folded
-- in; the runner moves it only if it still holds what the runner read (compare-and-set), in the
-- transaction that stores the page's output, so a second owner after a split cannot apply a page
-- twice. folded counts entries folded into the generation; total is, for a rebuild, about how many
-- entries the journal held when it began (progress); started_at is when the generation began.
CREATE TABLE projection_checkpoint
(
    name       text        NOT NULL,
    generation bigint      NOT NULL,
    live       boolean     NOT NULL,
    tx         xid8        NOT NULL DEFAULT '0',
    stream     text COLLATE "C" NOT NULL DEFAULT '',
    seq        bigint      NOT NULL DEFAULT 0,
    folded     bigint      NOT NULL DEFAULT 0,
    total      bigint      NOT NULL DEFAULT 0,
    started_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (name, generation)
);

-- One live generation and at most one rebuild per projection: a second rebuild request finds the
-- running one.
CREATE UNIQUE INDEX projection_checkpoint_live ON projection_checkpoint (name) WHERE live;
CREATE UNIQUE INDEX projection_checkpoint_rebuild ON projection_checkpoint (name) WHERE NOT live;
