DROP TABLE distribution_services;
DROP TABLE distributions;
