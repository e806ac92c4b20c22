"""Use cases: every command a user can give, one typed function each, by capability; the only
writers of events. `organisation`, `employees`, `appraisal`, `talent`, `planning`, `approvals` and
`decrees`, `stakeholders` (consultations, comments), `monitoring` (surveys, evaluations,
investigations), `accounts`."""
