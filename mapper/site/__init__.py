"""The output folder: what a build writes (rendered in memory), its manifest,
its atomic files and its lock."""
