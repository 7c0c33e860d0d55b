"""Knowledge equity: contentious terms, Local Contexts labels and who is represented."""
