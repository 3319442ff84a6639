-- One row per job. Every launch (a run or a restart) takes its job's row FOR UPDATE in the transaction that
-- creates the job execution, and looks for a live execution of the job under it: so "one run of a job at a
-- time" is decided by the database, across every node, not by a check before the launch.
CREATE TABLE job_launch_lock (
    job_name VARCHAR(100) NOT NULL,
    PRIMARY KEY (job_name)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

INSERT INTO job_launch_lock (job_name) VALUES ('nightly-billing'), ('daily-billing');
