## Open-data catalogue
nav-catalog = Open data
catalog-title = Open-data catalogue
catalog-dataset-title = Dataset
catalog-intro = Government open datasets of the Ministry of Labor and its agencies that entries can use. Search by words in the title, description or fields.
catalog-keyword = Keyword
catalog-publisher = Publisher
catalog-format = Format
catalog-search = Search
catalog-found = { $count } datasets found.
catalog-found-many = More than { $count } datasets found; add words, a publisher or a format to narrow them down.
catalog-sorted-newest = Keyword results are listed newest first, by when the dataset joined the catalogue.
catalog-count-more = more than { $count }
catalog-none = No dataset matches. Try fewer or other words.
catalog-id = Dataset id { $id }
catalog-back = Back to the catalogue
catalog-fields = Main fields
catalog-frequency = Updated
catalog-license = Licence
catalog-published = Published
catalog-modified = Metadata changed
catalog-source = Source
catalog-synced = synced { $at }
catalog-on-datagov = On data.gov.tw
catalog-uses = Used by
catalog-uses-count = { $count ->
    [one] 1 entry
   *[other] { $count } entries
}
catalog-resources = Resources
catalog-no-resources = No downloadable resources are listed.
source-mol = Ministry of Labor open-data service
source-datagov = data.gov.tw
source-datagov-refresh = Refresh the local datasets from data.gov.tw
source-csv = National catalogue export (CSV)
source-snapshot = Bundled snapshot
source-manual = Entered by hand
organise-catalog-title = Catalogue sync
organise-catalog-total = The catalogue holds { $count } datasets.
organise-catalog-sync = Sync now
organise-catalog-since = changed since
organise-catalog-start = Start sync
organise-catalog-cli = From the command line, with a progress bar:
organise-catalog-runs = Sync runs
organise-catalog-started = Started
organise-catalog-no-runs = No sync has run yet.
sync-new = New
sync-updated = Updated
sync-unchanged = Unchanged
sync-failed = Failed
sync-running = running
sync-errors = What failed
flash-sync-busy = Another catalogue sync is running; wait for it to finish.
flash-sync-started = The sync has started. Reload this page to follow it.
error-sync-source = A sync can only fetch from MOL's open-data service or data.gov.tw.

# issue 15: resource reader
error-resource-compressed = The resource is a compressed file (ZIP, RAR or 7z), not data that can be read directly.
error-resource-document-only = The resource is a document (PDF, DOC or ODT), not machine-readable data.
error-resource-spreadsheet = The resource is a spreadsheet workbook (XLS, XLSX or ODS); its columns cannot be shown here.
error-resource-html = The resource is a web page (often an error page) instead of the promised data.
error-resource-not-tabular = The resource holds no table of columns and rows.
error-resource-empty = The resource is empty.
error-resource-status = The resource's link answered with HTTP status { $status }.
error-resource-timeout = The resource did not arrive in time.
error-resource-network = The resource could not be reached.

# issue 15: impact ledger
usage-heading = Use in each contest
usage-explain = Per contest year: the submitted entries that declare this dataset, and the finalists and winners among them (counted once the track's results are published).
usage-caption = How this dataset has been used, per contest year
usage-year = Contest year
usage-entries = Entries using it
usage-finalists = Finalists
usage-winners = Winners
usage-none = No submitted entry uses this dataset yet.
