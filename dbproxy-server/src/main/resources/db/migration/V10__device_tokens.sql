-- TeamTalk-J (issue 16): one push token per device of a user, so a user with a phone and a tablet
-- gets pushes on both and a push can target chosen devices. deviceId is the connection's device id
-- (IMLoginReq.tt_device_id, else the client type name); clientType (IM.BaseDefine.ClientType)
-- chooses the push service. A token belongs to one device of one user (unique). TeamTalk's Redis
-- keys device_<uid> / device_<token> are still written with the latest token for its tools.
CREATE TABLE IF NOT EXISTS TTDeviceToken (
  userId     INT UNSIGNED     NOT NULL,
  deviceId   VARCHAR(64)      NOT NULL,
  clientType TINYINT UNSIGNED NOT NULL,
  token      VARCHAR(256)     NOT NULL,
  updated    INT UNSIGNED     NOT NULL,
  PRIMARY KEY (userId, deviceId),
  UNIQUE KEY idx_token (token)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
