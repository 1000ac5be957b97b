"""Pure core of speechapp: parsing and rendering, plain Python, never imports Django."""
