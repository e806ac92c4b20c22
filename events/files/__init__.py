"""Files in and out: survey and e-Kinerja readers, SK and spreadsheet writers, audit chain."""
