"""Use cases: every command a user can give, one typed function each, by capability; the only
writers of events. `organisation`, `employees`, `appraisal`, `talent`, `planning`, `approvals`,
`committee` (the Tim Penilai Kinerja's sessions) and `decrees`, `stakeholders` (consultations,
comments), `monitoring` (surveys, evaluations, investigations), `accounts`."""
