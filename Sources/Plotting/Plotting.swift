// Plotting — placeholder until its issue lands.
