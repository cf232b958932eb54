-- instance_id: the server whose signaling admitted the participant, so that after a crash that server closes only its
-- own open rows when it starts again (several servers may share one database).
-- device_key, client_address: a removed guest stays out when it comes back without its guest key (docs/api.md).
ALTER TABLE participants ADD COLUMN instance_id TEXT NULL;
ALTER TABLE participants ADD COLUMN device_key TEXT NULL;
ALTER TABLE participants ADD COLUMN client_address TEXT NULL;
CREATE INDEX ix_participants_open_by_instance ON participants (instance_id, left_at);
