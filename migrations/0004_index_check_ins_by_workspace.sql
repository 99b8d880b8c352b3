-- Reading a whole workspace's check-ins in arrival order (the cascade document, the check-ins list)
-- without scanning other workspaces' rows.
CREATE INDEX check_ins_by_workspace ON check_ins (workspace_id, seq);
