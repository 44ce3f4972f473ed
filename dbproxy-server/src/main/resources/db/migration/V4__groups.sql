-- TeamTalk-J: per-user group push mutes. TeamTalk kept them only in Redis (group_set_<gid>,
-- field "<userId>_1"), so a Redis flush un-muted everybody; here MySQL holds the truth and the
-- Redis hash is a cache rebuilt from this table.
CREATE TABLE IF NOT EXISTS TTGroupShield (
  groupId int(11) unsigned NOT NULL,
  userId int(11) unsigned NOT NULL,
  shield tinyint(1) unsigned NOT NULL DEFAULT 0 COMMENT '1 push muted, 0 not',
  updated int(11) unsigned NOT NULL DEFAULT 0,
  PRIMARY KEY (groupId, userId)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
