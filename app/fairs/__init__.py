"""Trade promotion: fairs run by fair-organiser organisations (booths, applications, exhibitor
catalogue, B2B meetings, leads, organiser report) and sponsored listing placements."""
