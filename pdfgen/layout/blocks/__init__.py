"""One builder per part of the handout; each turns resolved text into platypus flowables."""
