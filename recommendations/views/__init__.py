"""The recommendations' pages, one module per page: the list (with its CSV and JSON), a
recommendation's page (with the forms that post to it), the bulk status update, the dropped
list and the status-change feed."""
