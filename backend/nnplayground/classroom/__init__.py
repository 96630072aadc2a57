"""Multi-user mode: owners, quotas, idle runs, the teacher's view (docs: README, Classroom)."""
