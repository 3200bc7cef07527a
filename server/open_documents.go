package server

// openDocuments is a copy of the list of open documents, taken under s.mu so that
// the documents can then be locked one by one without holding it.
func (s *Server) openDocuments() []*document {
	s.mu.Lock()
	defer s.mu.Unlock()
	docs := make([]*document, 0, len(s.docs))
	for _, d := range s.docs {
		docs = append(docs, d)
	}
	return docs
}
