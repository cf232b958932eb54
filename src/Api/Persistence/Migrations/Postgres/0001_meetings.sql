-- Users, meetings, attendance and chat (times are Unix milliseconds, flags 0/1: the same values on both databases).
CREATE TABLE users (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email         TEXT     NOT NULL UNIQUE,
    password_hash TEXT     NOT NULL,
    name          TEXT     NOT NULL,
    created_at    BIGINT   NOT NULL,
    updated_at    BIGINT   NOT NULL
);

CREATE TABLE meetings (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    code         TEXT     NOT NULL UNIQUE,
    title        TEXT     NOT NULL,
    host_user_id BIGINT   NOT NULL REFERENCES users (id),
    allow_guests INTEGER  NOT NULL,
    locked       INTEGER  NOT NULL DEFAULT 0,
    status       TEXT     NOT NULL,
    created_at   BIGINT   NOT NULL,
    started_at   BIGINT   NULL,
    ended_at     BIGINT   NULL,
    end_reason   TEXT     NULL
);
CREATE INDEX ix_meetings_host ON meetings (host_user_id);

CREATE TABLE participants (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    meeting_id   BIGINT   NOT NULL REFERENCES meetings (id),
    user_id      BIGINT   NULL REFERENCES users (id),
    guest_key    TEXT     NULL,
    display_name TEXT     NOT NULL,
    role         TEXT     NOT NULL,
    created_at   BIGINT   NOT NULL,
    joined_at    BIGINT   NULL,
    left_at      BIGINT   NULL,
    leave_reason TEXT     NULL,
    removed      INTEGER  NOT NULL DEFAULT 0
);
CREATE INDEX ix_participants_meeting ON participants (meeting_id);

CREATE TABLE chat_messages (
    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    meeting_id     BIGINT   NOT NULL REFERENCES meetings (id),
    participant_id BIGINT   NOT NULL REFERENCES participants (id),
    display_name   TEXT     NOT NULL,
    text           TEXT     NOT NULL,
    sent_at        BIGINT   NOT NULL
);
CREATE INDEX ix_chat_meeting ON chat_messages (meeting_id, id);
