"""Writing the dataset: typed frames, databases, Excel, the data package, de-duplication."""
