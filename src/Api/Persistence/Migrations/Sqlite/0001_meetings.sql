-- Users, meetings, attendance and chat (times are Unix milliseconds, flags 0/1: the same values on both databases).
CREATE TABLE users (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    email         TEXT    NOT NULL UNIQUE,
    password_hash TEXT    NOT NULL,
    name          TEXT    NOT NULL,
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL
);

CREATE TABLE meetings (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    code         TEXT    NOT NULL UNIQUE,
    title        TEXT    NOT NULL,
    host_user_id INTEGER NOT NULL REFERENCES users (id),
    allow_guests INTEGER NOT NULL,
    locked       INTEGER NOT NULL DEFAULT 0,
    status       TEXT    NOT NULL,
    created_at   INTEGER NOT NULL,
    started_at   INTEGER NULL,
    ended_at     INTEGER NULL,
    end_reason   TEXT    NULL
);
CREATE INDEX ix_meetings_host ON meetings (host_user_id);

CREATE TABLE participants (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    meeting_id   INTEGER NOT NULL REFERENCES meetings (id),
    user_id      INTEGER NULL REFERENCES users (id),
    guest_key    TEXT    NULL,
    display_name TEXT    NOT NULL,
    role         TEXT    NOT NULL,
    created_at   INTEGER NOT NULL,
    joined_at    INTEGER NULL,
    left_at      INTEGER NULL,
    leave_reason TEXT    NULL,
    removed      INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX ix_participants_meeting ON participants (meeting_id);

CREATE TABLE chat_messages (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    meeting_id     INTEGER NOT NULL REFERENCES meetings (id),
    participant_id INTEGER NOT NULL REFERENCES participants (id),
    display_name   TEXT    NOT NULL,
    text           TEXT    NOT NULL,
    sent_at        INTEGER NOT NULL
);
CREATE INDEX ix_chat_meeting ON chat_messages (meeting_id, id);
