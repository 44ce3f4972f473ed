-- TeamTalk-J: indexes for reading messages by msg_id (history pages, latest message per session,
-- MAX(msgId) per conversation). The status filter sits between the conversation and msgId so
-- "status=0 AND msgId<=? ORDER BY msgId DESC LIMIT n" and "MAX(msgId) ... GROUP BY conversation"
-- are index range / loose index scans instead of scans of a whole conversation. TeamTalk had the
-- same idea as idx_relateId_status_msgId_created.
ALTER TABLE IMMessage_0 ADD KEY idx_relateId_status_msgId (relateId, status, msgId);
ALTER TABLE IMMessage_1 ADD KEY idx_relateId_status_msgId (relateId, status, msgId);
ALTER TABLE IMMessage_2 ADD KEY idx_relateId_status_msgId (relateId, status, msgId);
ALTER TABLE IMMessage_3 ADD KEY idx_relateId_status_msgId (relateId, status, msgId);
ALTER TABLE IMMessage_4 ADD KEY idx_relateId_status_msgId (relateId, status, msgId);
ALTER TABLE IMMessage_5 ADD KEY idx_relateId_status_msgId (relateId, status, msgId);
ALTER TABLE IMMessage_6 ADD KEY idx_relateId_status_msgId (relateId, status, msgId);
ALTER TABLE IMMessage_7 ADD KEY idx_relateId_status_msgId (relateId, status, msgId);
ALTER TABLE IMGroupMessage_0 ADD KEY idx_groupId_status_msgId (groupId, status, msgId);
ALTER TABLE IMGroupMessage_1 ADD KEY idx_groupId_status_msgId (groupId, status, msgId);
ALTER TABLE IMGroupMessage_2 ADD KEY idx_groupId_status_msgId (groupId, status, msgId);
ALTER TABLE IMGroupMessage_3 ADD KEY idx_groupId_status_msgId (groupId, status, msgId);
ALTER TABLE IMGroupMessage_4 ADD KEY idx_groupId_status_msgId (groupId, status, msgId);
ALTER TABLE IMGroupMessage_5 ADD KEY idx_groupId_status_msgId (groupId, status, msgId);
ALTER TABLE IMGroupMessage_6 ADD KEY idx_groupId_status_msgId (groupId, status, msgId);
ALTER TABLE IMGroupMessage_7 ADD KEY idx_groupId_status_msgId (groupId, status, msgId);
