package schema

// Tokens lets the external tests compare tokens with package extract.
var Tokens = tokens
