// filled in by the property-test author
