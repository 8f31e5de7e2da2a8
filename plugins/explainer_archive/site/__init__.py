"""Site stage: Pelican generators, pages, feeds, sitemap, search index and the data export."""
