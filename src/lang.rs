//! The language of everything the tool prints: Chinese first, English in
//! full. Chosen by `--lang`, else from the locale (`LC_ALL`, `LC_MESSAGES`,
//! `LANG`, in the order POSIX gives them precedence).

use clap::ValueEnum;

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Lang {
    /// 中文
    Zh,
    /// English
    En,
}

impl Lang {
    /// The language the locale asks for: Chinese when the first non-empty
    /// of `LC_ALL`, `LC_MESSAGES`, `LANG` starts with `zh`, else English.
    pub fn from_locale(get: impl Fn(&str) -> Option<String>) -> Lang {
        let locale = ["LC_ALL", "LC_MESSAGES", "LANG"]
            .iter()
            .filter_map(|name| get(name))
            .find(|value| !value.is_empty());
        match locale {
            Some(value) if value.starts_with("zh") => Lang::Zh,
            _ => Lang::En,
        }
    }

    pub fn from_env() -> Lang {
        Lang::from_locale(|name| std::env::var(name).ok())
    }
}

/// Says something in the user's language — the one way the code does:
/// `tr!(lang, "是", "yes")`, `tr!(lang, format!("{n} 次"), format!("{n}
/// times"))`. Only the arm for `lang` is evaluated, so a text is never
/// formatted in the language not shown. (`Bilingual` is for messages made
/// before the language is known, such as a sheet's diagnostics.)
macro_rules! tr {
    ($lang:expr, $zh:expr, $en:expr $(,)?) => {
        match $lang {
            $crate::lang::Lang::Zh => $zh,
            $crate::lang::Lang::En => $en,
        }
    };
}
pub(crate) use tr;

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &'static [(&'static str, &'static str)]) -> impl Fn(&str) -> Option<String> {
        move |name| {
            pairs
                .iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| v.to_string())
        }
    }

    #[test]
    fn the_first_set_locale_variable_decides() {
        assert_eq!(Lang::from_locale(env(&[("LANG", "zh_CN.UTF-8")])), Lang::Zh);
        assert_eq!(Lang::from_locale(env(&[("LANG", "en_US.UTF-8")])), Lang::En);
        assert_eq!(
            Lang::from_locale(env(&[("LC_ALL", "C"), ("LANG", "zh_CN.UTF-8")])),
            Lang::En
        );
        assert_eq!(
            Lang::from_locale(env(&[("LC_ALL", ""), ("LANG", "zh_TW.UTF-8")])),
            Lang::Zh
        );
        assert_eq!(
            Lang::from_locale(env(&[("LC_MESSAGES", "zh_CN"), ("LANG", "en_US")])),
            Lang::Zh
        );
        assert_eq!(Lang::from_locale(env(&[])), Lang::En);
    }
}
