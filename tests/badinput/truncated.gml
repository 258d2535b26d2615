graph [
  directed 1
  node [ id 0 label "AVAL" ]
  node [ id 1 label "AVAR"
