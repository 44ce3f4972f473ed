-- TeamTalk-J dbproxy: read-replica lag. With --mysql-replica-urls, each dbproxy writes its own row
-- on the primary every second (ts = its own clock, ms) and reads it back on every replica: the
-- difference to its clock now is how far that replica is behind, without depending on clock skew
-- between hosts or on the replication-monitor privilege SHOW REPLICA STATUS needs.
CREATE TABLE IF NOT EXISTS TTReplicaHeartbeat (
  instance VARCHAR(64)     NOT NULL,
  ts       BIGINT UNSIGNED NOT NULL COMMENT 'writer clock, unix ms',
  PRIMARY KEY (instance)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
