DROP INDEX services_case_type_date;
DROP TABLE target_lists;
