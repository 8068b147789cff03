-- Grain state writes no longer maintain a GIN index over every path of every payload.
--
-- Migration 0003 indexed the whole jsonb document so that any question could be asked of it
-- fast. Nothing asks such questions: reports and model fitting read all customers anyway, and
-- the sweeper has its own small partial index (0008). The index meanwhile grew larger than the
-- table itself, and keeping it up to date was most of PostgreSQL's work in every group commit
-- (measured while replaying CDNOW: the batch statement busy on the CPU in 9 of 10 samples).

DROP INDEX IF EXISTS grain_state_payload;
