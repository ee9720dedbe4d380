"""Parts: the person's own library and map of protectors, exiles and the depressed part."""
