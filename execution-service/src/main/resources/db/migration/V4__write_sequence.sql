-- How many batches execution-service has written (ExecutionStore.write): each write moves it from the value the service
-- holds to the next in the same transaction (compare-and-set). A write retried after its commit went through but the
-- answer was lost finds the sequence already moved on, and knows its batch is stored, without storing it twice.
ALTER TABLE account ADD COLUMN write_seq BIGINT NOT NULL DEFAULT 0;
