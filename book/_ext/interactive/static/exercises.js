/* exercise cells: filled in below */
