-- TeamTalk-J group governance (issue 18). The owner is IMGroup.creator: TeamTalk's existing rows
-- need no change (creator = owner) and a transfer rewrites creator, so TeamTalk clients that show
-- the creator see the new owner. Admins and per-member mutes live here, one row per member that
-- has either; MySQL is the truth, Redis (group_role_<gid>) a cache rebuilt from it.
CREATE TABLE IF NOT EXISTS TTGroupMemberRole (
  groupId   INT UNSIGNED NOT NULL,
  userId    INT UNSIGNED NOT NULL,
  admin     TINYINT(1) UNSIGNED NOT NULL DEFAULT 0,
  -- unix seconds the mute ends; 0 = not muted, 4294967295 = muted until unmuted
  muteUntil INT UNSIGNED NOT NULL DEFAULT 0,
  updated   INT UNSIGNED NOT NULL DEFAULT 0,
  PRIMARY KEY (groupId, userId)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- Per-group settings; a group without a row has the defaults (open to invites by members,
-- joins need approval, nobody muted, not dismissed).
CREATE TABLE IF NOT EXISTS TTGroupSettings (
  groupId      INT UNSIGNED NOT NULL PRIMARY KEY,
  muteAll      TINYINT(1) UNSIGNED NOT NULL DEFAULT 0 COMMENT '1: only owner and admins may talk',
  joinMode     TINYINT UNSIGNED NOT NULL DEFAULT 1 COMMENT '0 open, 1 approval by owner/admin',
  inviteMode   TINYINT UNSIGNED NOT NULL DEFAULT 0 COMMENT '0 any member, 1 owner/admins only',
  dismissed    TINYINT(1) UNSIGNED NOT NULL DEFAULT 0 COMMENT '1: refuses messages, history kept',
  announcement VARCHAR(1024) NOT NULL DEFAULT '',
  updated      INT UNSIGNED NOT NULL DEFAULT 0
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- Join requests; one row per (group, user), re-used when the user asks again.
CREATE TABLE IF NOT EXISTS TTGroupJoinRequest (
  groupId  INT UNSIGNED NOT NULL,
  userId   INT UNSIGNED NOT NULL,
  message  VARCHAR(256) NOT NULL DEFAULT '',
  status   TINYINT UNSIGNED NOT NULL DEFAULT 0 COMMENT '0 pending, 1 approved, 2 rejected',
  operator INT UNSIGNED NOT NULL DEFAULT 0,
  created  INT UNSIGNED NOT NULL DEFAULT 0,
  updated  INT UNSIGNED NOT NULL DEFAULT 0,
  PRIMARY KEY (groupId, userId),
  KEY idx_group_status (groupId, status)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
