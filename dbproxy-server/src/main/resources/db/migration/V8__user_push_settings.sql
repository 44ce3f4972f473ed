-- TeamTalk-J (issue 16): each user's do-not-disturb window and time zone for push notifications.
-- The window applies while IMUser.push_shield_status is 1; users without a row get 22:00-08:00 in
-- the dbproxy's time zone. Minutes after local midnight; start = end means all day.
CREATE TABLE IF NOT EXISTS TTUserPushSetting (
  userId   INT UNSIGNED      NOT NULL,
  timeZone VARCHAR(64)       NOT NULL DEFAULT '',
  dndStart SMALLINT UNSIGNED NOT NULL DEFAULT 1320,
  dndEnd   SMALLINT UNSIGNED NOT NULL DEFAULT 480,
  updated  INT UNSIGNED      NOT NULL,
  PRIMARY KEY (userId)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
