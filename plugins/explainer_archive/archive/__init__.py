"""The archive-wide stage: every article's derived results merged into actors, topics and
one chronology, with undated articles' dates estimated.  See build.build_archive."""
