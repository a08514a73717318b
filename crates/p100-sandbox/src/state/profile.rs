//! Stored personal data of a user, as the create requests send it and updates change it.

use chrono::NaiveDate;
use p100_raw::types::UserUpdateRequest;

/// Data of a user that later responses repeat.
#[derive(Debug, Clone, Default)]
pub struct Profile {
    pub email: String,
    pub first_name: String,
    pub last_name: String,
    pub address: Option<String>,
    pub city: String,
    pub country: String,
    pub document_type: Option<String>,
    pub document_number: Option<String>,
    pub birth_country: Option<String>,
    pub birth_date: Option<NaiveDate>,
    pub pesel: Option<String>,
}

impl Profile {
    /// Replaces the fields that `update` sets; `street` and `number` replace the address.
    pub fn apply(&mut self, update: UserUpdateRequest) {
        if let Some(email) = update.email {
            self.email = email;
        }
        if let Some(first_name) = update.first_name {
            self.first_name = first_name;
        }
        if let Some(last_name) = update.last_name {
            self.last_name = last_name;
        }

        if let Some(street) = update.street {
            self.address = Some(match update.number {
                Some(number) => format!("{street} {number}"),
                None => street,
            });
        }
        if update.address.is_some() {
            self.address = update.address;
        }
        if let Some(city) = update.city {
            self.city = city;
        }
        if let Some(country) = update.country {
            self.country = country.0;
        }

        if let Some(kind) = update.document_type {
            self.document_type = Some(kind.to_string());
        }
        if update.document_number.is_some() {
            self.document_number = update.document_number;
        }
        if let Some(code) = update.birth_country {
            self.birth_country = Some(code.0);
        }
        if update.birth_date.is_some() {
            self.birth_date = update.birth_date;
        }
        if update.pesel.is_some() {
            self.pesel = update.pesel;
        }
    }
}
