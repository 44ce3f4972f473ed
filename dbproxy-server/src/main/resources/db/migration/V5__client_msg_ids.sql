-- TeamTalk-J: a client's own id of each message it sent (IMMsgData.tt_client_msg_id, field 102),
-- so a resend after a lost ack is stored once and answered with the first msg_id.
CREATE TABLE IF NOT EXISTS TTClientMsg (
  fromId      INT UNSIGNED NOT NULL,
  clientMsgId VARCHAR(64)  NOT NULL,
  groupMsg    TINYINT      NOT NULL,
  toId        INT UNSIGNED NOT NULL,
  msgId       INT UNSIGNED NOT NULL,
  created     INT UNSIGNED NOT NULL,
  PRIMARY KEY (fromId, clientMsgId),
  KEY idx_created (created)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
